EJ.put("search/milestones/tw",[["mil_9a453bc5c03f9700","Two landmark agreements were concluded","2018 year agreement two landmark agreements were concluded"]]);
