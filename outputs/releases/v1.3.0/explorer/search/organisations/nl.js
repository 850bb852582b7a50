EJ.put("search/organisations/nl",[["org_f4f7dcedcd7cfa8d","Fujitsu Siemens Computers","fujitsu siemens computers fujitsu siemens computers gmbh nl company c04_fujitsu-siemens-computers-wikipedia"]]);
