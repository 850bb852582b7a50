EJ.put("search/programmes/ov",[["prg_9ec393c668d14971","Industrialised Countries Instrument","industrialised countries instrument ici funding_instrument c19_eeas-eu-japan-overall-relationship"]]);
