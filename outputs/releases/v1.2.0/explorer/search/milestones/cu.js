EJ.put("search/milestones/cu",[["mil_793eec7e3def8c8d","Launch of Cross Cultural Workshop in the EU","2015 year launch launch of cross cultural workshop in the eu"]]);
