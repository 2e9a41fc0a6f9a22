/**
 * The food table, part one: what is bought fresh or cold (produce, dairy, meat and fish, bakery, frozen). Read by foods.ts, which says how a line is written.
 */
// prettier-ignore
export const FRESH = `
produce: onion|yellow onion|brown onion|white onion|cooking onion / cebola|cebola branca
produce: red onion|purple onion / cebola roxa
produce: shallot|eschalot|banana shallot / chalota|echalote
produce: spring onion|scallion|green onion / cebolinha|cebolinha verde
produce: leek / alho-poró|alho poró
produce: garlic|garlic clove / alho|dente de alho
produce: ginger|fresh ginger|ginger root|root ginger / gengibre|gengibre fresco
produce: potato|baking potato|floury potato|waxy potato / batata|batata inglesa
produce: new potato|baby potato / batata bolinha
produce: sweet potato / batata-doce|batata doce
produce: carrot / cenoura
produce: celery|celery stick|celery stalk / aipo|salsão
produce: tomato|ripe tomato|vine tomato / tomate
produce: cherry tomato|grape tomato / tomate-cereja|tomate cereja
produce: plum tomato|roma tomato / tomate italiano
produce: cucumber / pepino
produce: lettuce / alface
produce: romaine lettuce|cos lettuce|romaine / alface romana
produce: iceberg lettuce / alface americana
produce: salad leaves|mixed salad leaves|mixed greens|salad greens / mix de folhas|folhas verdes
produce: spinach|baby spinach / espinafre
produce: kale|cavolo nero / couve|couve-manteiga|couve manteiga
produce: rocket|arugula|wild rocket / rúcula
produce: watercress / agrião
produce: cabbage|white cabbage|green cabbage / repolho|repolho verde
produce: red cabbage / repolho roxo
produce: savoy cabbage / repolho crespo
produce: broccoli|tenderstem broccoli / brócolis|brócolos|brócolis ninja
produce: cauliflower / couve-flor|couve flor
produce: brussels sprout / couve-de-bruxelas|couve de bruxelas
produce: zucchini|courgette / abobrinha|abobrinha italiana
produce: eggplant|aubergine / berinjela
produce: bell pepper|sweet pepper|capsicum / pimentão
produce: red pepper|red bell pepper|red capsicum / pimentão vermelho
produce: green pepper|green bell pepper|green capsicum / pimentão verde
produce: yellow pepper|yellow bell pepper / pimentão amarelo
produce: chilli|chili|chile|chili pepper|chilli pepper|fresh chilli|red chilli|green chilli|bird's eye chilli / pimenta|pimenta dedo-de-moça|pimenta-malagueta|pimenta malagueta
produce: jalapeño|jalapeno|jalapeño pepper|jalapeno pepper / pimenta jalapeño
produce: mushroom|button mushroom|white mushroom|chestnut mushroom|cremini mushroom / cogumelo|champignon|cogumelo paris
produce: shiitake mushroom|shiitake / shiitake|cogumelo shiitake
produce: portobello mushroom|portobello / portobello|cogumelo portobello
produce: avocado / abacate|avocado
produce: lemon / limão-siciliano|limão siciliano
produce: lime / limão|limão-taiti|limão taiti
produce: orange / laranja
produce: apple|eating apple / maçã
produce: green apple|granny smith apple / maçã verde
produce: banana|ripe banana / banana|banana-prata|banana nanica
produce: pear / pera|pêra
produce: grape|seedless grape / uva|uva sem semente
produce: strawberry / morango
produce: blueberry / mirtilo
produce: raspberry / framboesa
produce: blackberry / amora
produce: cherry / cereja
produce: peach / pêssego
produce: nectarine / nectarina
produce: mango / manga
produce: pineapple / abacaxi
produce: papaya / mamão|mamão papaia|papaia
produce: passion fruit / maracujá
produce: watermelon / melancia
produce: melon|cantaloupe|honeydew melon / melão
produce: kiwi|kiwi fruit|kiwifruit / kiwi
produce: pomegranate / romã
produce: coconut|fresh coconut / coco|coco fresco
produce: fig|fresh fig / figo
produce: plum / ameixa|ameixa fresca
produce: apricot|fresh apricot / damasco fresco
produce: grapefruit / toranja
produce: guava / goiaba
produce: tangerine|mandarin|clementine|satsuma / tangerina|mexerica|bergamota
produce: rhubarb / ruibarbo
produce: pumpkin|squash / abóbora|moranga|abóbora cabotiá|abóbora japonesa
produce: butternut squash|butternut / abóbora-manteiga|abóbora pescoço
produce: sweetcorn|corn|corn on the cob|fresh corn / milho|milho verde|espiga de milho
produce: green bean|french bean|string bean|fine bean|runner bean / vagem
produce: asparagus|asparagus spear / aspargo|aspargos
produce: beetroot|beet / beterraba
produce: radish / rabanete
produce: turnip / nabo
produce: parsnip / pastinaca|cherovia
produce: okra / quiabo
produce: chayote / chuchu
produce: cassava|yuca|manioc / mandioca|aipim|macaxeira
produce: yam|taro / inhame|cará
produce: fennel|fennel bulb / erva-doce|funcho
produce: artichoke|globe artichoke / alcachofra
produce: bok choy|pak choi|bok choi / acelga chinesa|pak choi
produce: swiss chard|chard|rainbow chard / acelga
produce: bean sprout|beansprout / broto de feijão|moyashi
produce: sugar snap pea|snap pea|mangetout|snow pea / ervilha-torta|ervilha torta
produce: parsley|flat-leaf parsley|flat leaf parsley|flatleaf parsley|italian parsley|curly parsley / salsinha|salsa
produce: coriander|cilantro|coriander leaf|fresh coriander / coentro|coentro fresco
produce: cheiro-verde / cheiro-verde|cheiro verde
produce: basil|basil leaf|sweet basil / manjericão|folha de manjericão
produce: mint|mint leaf|fresh mint / hortelã|menta|folha de hortelã
produce: chive / cebolinha francesa|ciboulette
produce: dill / endro|dill
produce: rosemary|rosemary sprig|fresh rosemary / alecrim|alecrim fresco
produce: thyme|thyme sprig|fresh thyme / tomilho|tomilho fresco
produce: sage|sage leaf / sálvia
produce: tarragon / estragão
produce: lemongrass|lemon grass / capim-limão|capim-santo|capim limão
produce: tofu|firm tofu / tofu
produce: lemon juice|fresh lemon juice / suco de limão-siciliano
produce: lime juice|fresh lime juice / suco de limão
dairy: milk|whole milk|full-fat milk|semi-skimmed milk / leite|leite integral|leite semidesnatado
dairy: skimmed milk|skim milk / leite desnatado
dairy: butter / manteiga
dairy: unsalted butter / manteiga sem sal
dairy: salted butter / manteiga com sal
dairy: egg|large egg|free-range egg|free range egg / ovo|ovo caipira
dairy: egg yolk|yolk / gema|gema de ovo
dairy: egg white / clara|clara de ovo
dairy: cream|single cream|light cream|table cream / creme de leite
dairy: double cream|heavy cream|whipping cream|heavy whipping cream / creme de leite fresco|nata
dairy: sour cream|soured cream / creme azedo
dairy: crème fraîche|creme fraiche / crème fraîche
dairy: yogurt|yoghurt|plain yogurt|natural yogurt|plain yoghurt|natural yoghurt / iogurte|iogurte natural
dairy: greek yogurt|greek yoghurt|greek-style yogurt / iogurte grego
dairy: cheese / queijo
dairy: cheddar|cheddar cheese|mature cheddar|sharp cheddar / queijo cheddar|cheddar
dairy: parmesan|parmesan cheese|grated parmesan|parmigiano reggiano|parmigiano-reggiano|grana padano / parmesão|queijo parmesão
dairy: pecorino|pecorino romano / pecorino|queijo pecorino
dairy: mozzarella|mozzarella cheese|buffalo mozzarella / muçarela|mussarela|mozarela|queijo muçarela
dairy: feta|feta cheese / feta|queijo feta
dairy: ricotta / ricota
dairy: cream cheese|soft cheese / cream cheese|queijo cremoso
dairy: requeijão / requeijão|requeijão cremoso
dairy: mascarpone / mascarpone
dairy: goat cheese|goat's cheese|goats cheese|chèvre / queijo de cabra
dairy: gruyère|gruyere|gruyère cheese / gruyère|queijo gruyère
dairy: blue cheese / queijo azul
dairy: gorgonzola / gorgonzola|queijo gorgonzola
dairy: halloumi / halloumi
dairy: brie / brie|queijo brie
dairy: camembert / camembert|queijo camembert
dairy: cottage cheese / queijo cottage|cottage
dairy: margarine / margarina
dairy: ghee|clarified butter / manteiga ghee|manteiga clarificada
dairy: queijo minas / queijo minas|queijo minas frescal|queijo branco
dairy: queijo coalho / queijo coalho
dairy: buttermilk / leitelho
dairy: custard / creme inglês
meat-fish: chicken|whole chicken / frango|frango inteiro
meat-fish: chicken breast|chicken breast fillet|boneless chicken breast / peito de frango|filé de peito de frango|filé de frango
meat-fish: chicken thigh|chicken thigh fillet|boneless chicken thigh / sobrecoxa|sobrecoxa de frango
meat-fish: chicken drumstick|drumstick / coxa de frango|coxa
meat-fish: chicken wing / asa de frango|asinha de frango
meat-fish: beef / carne bovina|carne
meat-fish: ground beef|minced beef|beef mince|mince|lean ground beef / carne moída|carne bovina moída
meat-fish: steak|beef steak / bife
meat-fish: beef fillet|beef tenderloin / filé mignon
meat-fish: pork / carne de porco|carne suína
meat-fish: pork belly / barriga de porco|panceta
meat-fish: pork shoulder / paleta suína|pernil
meat-fish: pork chop / costeleta de porco|bisteca
meat-fish: pork loin|pork tenderloin|pork fillet / lombo de porco|lombo|filé mignon suíno
meat-fish: ground pork|pork mince|minced pork / carne de porco moída|carne suína moída
meat-fish: bacon|streaky bacon|back bacon|smoked bacon|bacon rasher / bacon|toucinho|toicinho
meat-fish: pancetta / pancetta
meat-fish: ham|cooked ham / presunto
meat-fish: prosciutto|parma ham|serrano ham / presunto cru|presunto parma
meat-fish: sausage|pork sausage / linguiça|linguiça toscana
meat-fish: calabresa / calabresa|linguiça calabresa
meat-fish: chorizo / chouriço|chorizo
meat-fish: hot dog|frankfurter / salsicha
meat-fish: salami / salame
meat-fish: pepperoni / pepperoni
meat-fish: lamb / cordeiro|carneiro
meat-fish: lamb chop|lamb cutlet / costeleta de cordeiro
meat-fish: ground lamb|lamb mince|minced lamb / carne de cordeiro moída
meat-fish: turkey|turkey breast / peru|peito de peru
meat-fish: duck|duck breast / pato|peito de pato
meat-fish: veal / vitela
meat-fish: salmon|salmon fillet / salmão|filé de salmão
meat-fish: tuna steak|fresh tuna / atum fresco
meat-fish: cod|cod fillet / bacalhau fresco
meat-fish: salt cod / bacalhau|bacalhau dessalgado
meat-fish: white fish|white fish fillet|fish fillet / peixe branco|filé de peixe
meat-fish: hake / merluza|pescada
meat-fish: tilapia / tilápia|filé de tilápia
meat-fish: sea bass|sea bass fillet / robalo
meat-fish: trout / truta
meat-fish: shrimp|prawn|king prawn|tiger prawn|raw prawn / camarão|camarão cinza|camarão rosa
meat-fish: mussel / mexilhão
meat-fish: clam / vôngole|amêijoa
meat-fish: squid|calamari / lula
meat-fish: octopus / polvo
meat-fish: crab|crab meat|crabmeat / caranguejo|siri|carne de siri
meat-fish: scallop / vieira
bakery: bread|loaf / pão
bakery: white bread|sandwich bread|sliced bread / pão de forma|pão branco
bakery: wholemeal bread|whole wheat bread|brown bread / pão integral
bakery: bread roll|roll|crusty roll / pãozinho|pão francês|pão careca
bakery: baguette|french stick / baguete|baguette
bakery: sourdough|sourdough bread / pão de fermentação natural|pão italiano
bakery: ciabatta / ciabatta
bakery: pita|pitta|pita bread|pitta bread / pão sírio|pão árabe|pão pita
bakery: naan|naan bread / pão naan
bakery: tortilla|flour tortilla|wrap|tortilla wrap / tortilha|rap10|pão folha
bakery: burger bun|hamburger bun|brioche bun|bun / pão de hambúrguer|pão de hamburguer
bakery: hot dog bun / pão de cachorro-quente|pão de hot dog
bakery: brioche / brioche
bakery: croissant / croissant
bakery: bagel / bagel
bakery: english muffin / muffin inglês
frozen: pea|garden pea|frozen pea|petits pois / ervilha|ervilha congelada|ervilha fresca
frozen: frozen spinach / espinafre congelado
frozen: frozen berries|frozen mixed berries|frozen fruit / frutas vermelhas congeladas|frutas congeladas
frozen: frozen sweetcorn|frozen corn / milho congelado
frozen: edamame|soya bean|soybean / edamame|soja
frozen: broad bean|fava bean / fava verde
frozen: ice cream|vanilla ice cream / sorvete|sorvete de creme
frozen: ice|ice cube|crushed ice / gelo|cubo de gelo|gelo picado
frozen: puff pastry|ready-rolled puff pastry / massa folhada
frozen: shortcrust pastry|pie crust|pastry / massa podre|massa para torta
frozen: filo pastry|phyllo|filo|phyllo dough / massa filo
frozen: frozen chips|oven chips|french fries / batata frita congelada|batata pré-frita
frozen: pão de queijo / pão de queijo|pão de queijo congelado
`;
