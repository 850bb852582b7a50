EJ.put("search/milestones/8t",[["mil_c5352ad91716c628","8th Japan-EU Summit was held in Bonn, Germany","1999-06-20 day meeting 8th japan-eu summit was held in bonn, germany"]]);
