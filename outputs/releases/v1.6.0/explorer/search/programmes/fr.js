EJ.put("search/programmes/fr",[["prg_02c7e7adf05c0da4","EU 7th Research Framework Programme","eu 7th research framework programme research_framework 004_c6478b14183c8d43"]]);
