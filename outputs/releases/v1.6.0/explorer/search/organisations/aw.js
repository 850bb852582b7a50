EJ.put("search/organisations/aw",[["org_41a8743e914dce6d","Wallonia Export & Investment","wallonia export & investment awex awex be organisation 000_60f6e53daf7ac6f4"]]);
