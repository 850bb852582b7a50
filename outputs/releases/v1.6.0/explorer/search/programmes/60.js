EJ.put("search/programmes/60",[["prg_e10befdd445d483b","J-Bridge","j-bridge j-bridges business_support 000_60f6e53daf7ac6f4"]]);
