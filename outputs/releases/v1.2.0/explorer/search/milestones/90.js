EJ.put("search/milestones/90",[["mil_2e783816705fbe03","Over 1,900 events","2005 year meeting over 1,900 events"]]);
