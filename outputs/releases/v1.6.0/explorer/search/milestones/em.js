EJ.put("search/milestones/em",[["mil_9a5083b057f2bbb4","Empire of Japan declared war on the German Empire","1914 year other empire of japan declared war on the german empire"]]);
