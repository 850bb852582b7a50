EJ.put("search/programmes/we",[["prg_3d5c8f99cf20ea69","Export Support Webinars","export support webinars other org_f7fb0eccdee3accf 004_c6478b14183c8d43"]]);
