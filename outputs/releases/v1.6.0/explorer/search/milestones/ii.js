EJ.put("search/milestones/ii",[["mil_2e1909d4e8aad0a0","Audience with Philip II before proceeding on to Rome","1584 year meeting audience with philip ii before proceeding on to rome"]]);
