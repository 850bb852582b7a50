EJ.put("search/programmes/te",[["prg_22632d1fa4490f5c","EUROfusion Fusion Technology Programme","eurofusion fusion technology programme other c27_broader-approach-eu-japan-fusion-energy"]]);
