EJ.put("search/organisations/ra",[["org_41322839e4890f0d","Rapidus","rapidus jp company 000_60f6e53daf7ac6f4"]]);
