EJ.put("search/organisations/n",[["org_89c4d3e8c3d6f39c","N-SIDE","n-side be company 000_60f6e53daf7ac6f4"]]);
