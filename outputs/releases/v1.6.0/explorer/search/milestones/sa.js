EJ.put("search/milestones/sa",[["mil_aa6f045aed584aa7","Only one to arrive safely in Japan","1600-04-19 day visit only one to arrive safely in japan"]]);
