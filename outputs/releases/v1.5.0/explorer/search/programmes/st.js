EJ.put("search/programmes/st",[["prg_8c5b57354ed345ba","Step in Japan","step in japan business_support org_f7fb0eccdee3accf 004_c6478b14183c8d43"]]);
