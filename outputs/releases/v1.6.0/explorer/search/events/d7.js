EJ.put("search/events/d7",[["evt_8c45a368a8f489db","Launch of Get Ready for Japan","2018 year launch launch of get ready for japan mil_d7d3a4854b4af2c0 004_c6478b14183c8d43"]]);
