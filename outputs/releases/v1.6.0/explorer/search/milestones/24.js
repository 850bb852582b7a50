EJ.put("search/milestones/24",[["mil_0ac82ec50cdd669c","Formal discussions will kick off in Brussels","2022-10-24 day launch formal discussions will kick off in brussels"]]);
