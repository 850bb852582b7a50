EJ.put("search/milestones/ra",[["mil_b471b5179aa28352","Prime Minister Anders Fogh Rasmussen of Denmark","2002-07 month meeting prime minister anders fogh rasmussen of denmark"]]);
