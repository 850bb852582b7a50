EJ.put("search/milestones/fd",[["mil_f221a5ecde7deb57","Launch of annual missions on “FDI in Japan” for EU managers","2007 year launch launch of annual missions on “fdi in japan” for eu managers"]]);
