EJ.put("search/programmes/vi",[["prg_eb8f523ee3750706","Lean visits in Europe","lean visits in europe other org_f7fb0eccdee3accf 004_c6478b14183c8d43"]]);
