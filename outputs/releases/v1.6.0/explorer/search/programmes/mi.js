EJ.put("search/programmes/mi",[["prg_69ebd5b4d828836c","Minerva","minerva fellowship org_f7fb0eccdee3accf 004_c6478b14183c8d43"]]);
