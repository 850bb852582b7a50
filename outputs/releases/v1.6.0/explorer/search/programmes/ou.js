EJ.put("search/programmes/ou",[["prg_179c06ba7d79901b","Japan-EU ICT Policy Dialogue","japan-eu ict policy dialogue dialogue c31_outcomes-29th-japan-eu-ict-policy-dialogue-2024"]]);
