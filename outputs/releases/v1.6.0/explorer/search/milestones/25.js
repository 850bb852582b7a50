EJ.put("search/milestones/25",[["mil_28b3f6df7aa7ddb3","European Union (EU) enlarged to 25 member states","2004-05 month membership european union (eu) enlarged to 25 member states"]]);
