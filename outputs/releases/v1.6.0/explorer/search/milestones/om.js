EJ.put("search/milestones/om",[["mil_d4b2d03b4e2b46f2","Visit of Minister for Finance Omi, from Japan to Spain","2007 year visit visit of minister for finance omi, from japan to spain"]]);
