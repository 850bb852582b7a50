EJ.put("search/programmes/as",[["prg_6c0f1b15c9d7bc00","Meet Asia in Japan","meet asia in japan training org_f7fb0eccdee3accf 004_c6478b14183c8d43"]]);
