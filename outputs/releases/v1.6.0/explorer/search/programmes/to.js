EJ.put("search/programmes/to",[["prg_34bcc9b8f48d103a","Keys to Japan","keys to japan business_support org_f7fb0eccdee3accf 004_c6478b14183c8d43"]]);
