EJ.put("search/organisations/ea",[["org_cc27da06bed26a35","Dutch East India Company","dutch east india company nl company q159766 c02_japan-netherlands-relations-wikipedia"]]);
