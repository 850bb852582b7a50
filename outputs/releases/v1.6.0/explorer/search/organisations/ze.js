EJ.put("search/organisations/ze",[["org_eaedff24fd8ddae5","ZENIT GmbH","zenit gmbh zenit zenit de company 004_c6478b14183c8d43"]]);
