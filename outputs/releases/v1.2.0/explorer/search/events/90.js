EJ.put("search/events/90",[["evt_5e49abc598505917","Over 1,900 events","2005 year meeting over 1,900 events mil_2e783816705fbe03 c15_outline-2005-eu-japan-year-people-to-people-exchanges"]]);
