EJ.put("search/milestones/ba",[["mil_9935da49d81598cd","Applied on a provisional basis","2019-02-01 day provisional_application applied on a provisional basis"]]);
