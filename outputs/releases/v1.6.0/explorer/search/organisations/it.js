EJ.put("search/organisations/it",[["org_4ace1a7190ff7eab","ITER Organization","iter organization iter iter intergovernmental_organisation c16_japan-and-euratom-sign-up-to-fusion-cooperation-2007"]]);
