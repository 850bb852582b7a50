EJ.put("search/events/d3",[["evt_66fe02424a7742a9","Launch of \"Keys to Japan\"","2014 year launch launch of \"keys to japan\" mil_d3c9f96d3e8c7c6b 004_c6478b14183c8d43"]]);
