EJ.put("search/programmes/fd",[["prg_f2bd4f41015d4c3e","FDI in Japan","fdi in japan other org_f7fb0eccdee3accf 004_c6478b14183c8d43"]]);
