EJ.put("search/organisations/as",[["org_bb42ff30b2b6983b","GNSS.Asia","gnss.asia consortium 004_c6478b14183c8d43"]]);
