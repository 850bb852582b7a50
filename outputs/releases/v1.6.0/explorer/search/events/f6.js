EJ.put("search/events/f6",[["evt_471e53712dca9dfd","Launch of a virtual \"Lean Café\"","2020 year launch launch of a virtual \"lean cafe\" mil_f60ccd4b249788ba 004_c6478b14183c8d43"]]);
