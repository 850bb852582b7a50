EJ.put("search/organisations/ta",[["org_d5ef346bfc70d5e6","EU-Japan Business Round Table","eu-japan business round table network 004_c6478b14183c8d43"]]);
