EJ.put("search/programmes/bi",[["prg_315048d64a740e5e","BILAT","bilat project org_f7fb0eccdee3accf 004_c6478b14183c8d43"]]);
