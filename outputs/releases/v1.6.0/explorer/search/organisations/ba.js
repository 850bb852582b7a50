EJ.put("search/organisations/ba",[["org_264baccceb9fff8c","House of Councillors","house of councillors jp parliament c23_japan-spain-relations-basic-data-2018"]]);
