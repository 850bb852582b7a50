EJ.put("search/milestones/ke",[["mil_d3c9f96d3e8c7c6b","Launch of \"Keys to Japan\"","2014 year launch launch of \"keys to japan\""]]);
