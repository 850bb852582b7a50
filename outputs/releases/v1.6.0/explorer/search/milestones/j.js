EJ.put("search/milestones/j",[["mil_202583c711690059","EU-Japan Centre is appointed coordinator for J-BILAT","2010 year appointment eu-japan centre is appointed coordinator for j-bilat"]]);
