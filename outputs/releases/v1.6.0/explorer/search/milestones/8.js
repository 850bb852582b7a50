EJ.put("search/milestones/8",[["mil_96d09d32b6c3bdf2","Council Decision of 8 October 2002","2002-10-08 day decision council decision of 8 october 2002"]]);
