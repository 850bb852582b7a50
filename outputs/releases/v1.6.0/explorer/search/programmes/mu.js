EJ.put("search/programmes/mu",[["prg_cf25bc121187f25e","Erasmus Mundus","erasmus mundus exchange c25_eu-japan-academic-relations-erasmus"]]);
