EJ.put("search/programmes/hr",[["prg_cd098cadc6187e3f","Japan Industry Insight","japan industry insight hrtp training org_f7fb0eccdee3accf 004_c6478b14183c8d43"]]);
