EJ.put("search/programmes/es",[["prg_15ce8a065881f077","ESPRIT","esprit funding_instrument c07_international-cooperation-intelligent-manufacturing-ims"]]);
