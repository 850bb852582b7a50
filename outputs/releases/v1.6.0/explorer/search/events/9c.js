EJ.put("search/events/9c",[["evt_486cd3c19cb42f37","Launch of \"Minerva\"","2013 year launch launch of \"minerva\" mil_9cb2d65f3c1b4e07 004_c6478b14183c8d43"]]);
