EJ.put("search/organisations/el",[["org_2a9a6f3b38246ed0","Japan Electric Power Exchange","japan electric power exchange jepx jepx jpex jp exchange 000_60f6e53daf7ac6f4"]]);
