EJ.put("search/organisations/hu",[["org_55acfc104beab9f2","hub.brussels","hub.brussels be organisation 000_60f6e53daf7ac6f4"]]);
