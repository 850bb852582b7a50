EJ.put("search/milestones/gn",[["mil_a1b147c04da5e58f","Centre becomes part of the EU funded consortium GNSS.Asia","2012 year membership centre becomes part of the eu funded consortium gnss.asia"]]);
