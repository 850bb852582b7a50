EJ.put("search/programmes/it",[["prg_82439cbebbb04ef9","ITER","iter project c27_broader-approach-eu-japan-fusion-energy"]]);
