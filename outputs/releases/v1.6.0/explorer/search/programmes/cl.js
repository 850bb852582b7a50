EJ.put("search/programmes/cl",[["prg_150461eccbcb0ad5","World Class Manufacturing","world class manufacturing training org_f7fb0eccdee3accf 004_c6478b14183c8d43"]]);
