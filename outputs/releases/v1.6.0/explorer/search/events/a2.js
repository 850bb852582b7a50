EJ.put("search/events/a2",[["evt_2ac1b2c7ade12ff6","EPA Help-desk launched","2018 year launch epa help-desk launched mil_a2c25d766c5696ba 004_c6478b14183c8d43"]]);
