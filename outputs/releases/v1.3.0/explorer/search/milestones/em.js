EJ.put("search/milestones/em",[["mil_6727e5a8b1c79e10","Declared war on the German Empire","1914 year other declared war on the german empire"]]);
