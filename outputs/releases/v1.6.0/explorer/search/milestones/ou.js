EJ.put("search/milestones/ou",[["mil_7504c7200d649b12","Buying out Siemens' share of the company","2009-04-01 day other buying out siemens' share of the company"]]);
